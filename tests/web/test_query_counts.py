"""Pages run a fixed number of queries however many names they show (no query per row)."""


def test_name_list_queries_do_not_grow_with_its_rows(client, full_record, add_document,
                                                     django_assert_max_num_queries):
    for n in range(30):
        add_document(f"q{n}", associated_people_and_organizations=[f"Person{n:02d}, Someone"],
                     associated_places=[f"Place {n}"], subjects_discussed=[f"Subject {n}--Part"])
    client.get("/people")  # brings the counts up to date
    for url in ("/people", "/places", "/subjects", "/people/person00-someone"):
        # a person's page: 2 more for their own network (archivist.pictures.network.for_person)
        with django_assert_max_num_queries(11 if url.startswith("/people/") else 9):
            assert client.get(url).status_code == 200, url


def test_document_page_queries_do_not_grow_with_its_links(client, add_document,
                                                         django_assert_max_num_queries):
    people = [f"Person{n:02d}, Someone" for n in range(25)]
    add_document("many", associated_people_and_organizations=people,
                 associated_topics=["Topic A", "Topic B", "Topic C"])
    client.get("/documents/many")
    with django_assert_max_num_queries(14):
        page = client.get("/documents/many").content.decode()
    assert all(name in page for name in people)
