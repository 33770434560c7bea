"""Public URLs; each page's JSON twin is the same path with .json (see archivist.web.pages.twin)."""

from functools import partial

from django.urls import include, path

from archivist.web import api
from archivist.web.feeds import feed_urls
from archivist.web.pages import twin
from archivist.web.views import browse, citations, dates, documents, home, pictures, search, site
from archivist.web.views.about import about, favicon


def _names(kind):
    return partial(browse.name_list, kind=kind)


def _record(*kinds):
    return partial(browse.authority_page, kinds=kinds)


def _tree(kind):
    return partial(browse.tree_list, kind=kind)


urlpatterns = [
    *feed_urls(),
    *twin("", home.home, "home"),
    *twin("documents/<str:record_id>", documents.document_page, "document"),
    path("", include("archivist.interop.iiif.urls")),
    path("documents/<str:record_id>/files/<int:position>", documents.document_file, name="document-file"),
    path("documents/<str:record_id>/scans.pdf", documents.document_scans_pdf, name="document-scans-pdf"),
    path("documents/<str:record_id>/citation.<str:extension>", citations.document_citation,
         name="document-citation"),
    path("search/citations.<str:extension>", citations.search_citations, name="search-citations"),
    *twin("people", _names("person"), "people"),
    *twin("people/<str:key>", _record("person"), "person"),
    *twin("organizations", _names("organization"), "organizations"),
    *twin("organizations/<str:key>", _record("organization"), "organization"),
    *twin("places", _names("place"), "places"),
    *twin("places/<str:key>", _record("place"), "place"),
    *twin("topics", browse.topic_list, "topics"),
    *twin("topics/<str:key>", _record("topic"), "topic"),
    *twin("subjects", _tree("subject"), "subjects"),
    *twin("subjects/<str:key>", _record("subject"), "subject"),
    *twin("catalog", _tree("archive"), "catalog"),
    *twin("catalog/<str:key>", _record("archive"), "catalog-record"),
    *twin("search", search.search_page, "search"),
    *twin("timeline", pictures.timeline_page, "timeline"),
    *twin("map", pictures.map_page, "map"),
    *twin("network", pictures.network_page, "network"),
    *twin("dates", dates.decades, "dates"),
    *twin("dates/<int:year>", dates.year_page, "year"),
    *twin("dates/<int:year>/<int:month>", dates.month_page, "month"),
    *twin("about", about, "about"),
    path("favicon.ico", favicon, name="favicon"),
    path("api/schema/", api.schema_index, name="api-schemas"),
    path("api/schema/<str:name>.json", api.schema, name="api-schema"),
    path("robots.txt", site.robots, name="robots"),
    path("sitemap.xml", site.sitemap_index, name="sitemap"),
    path("sitemaps/documents-<int:number>.xml", site.sitemap_page, name="sitemap-page"),
    path("sitemaps/records-<int:number>.xml", site.records_sitemap_page, name="sitemap-records"),
]
