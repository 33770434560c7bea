"""Where places are: coordinates from an offline gazetteer, apart from those curators and imports give."""
