"""A blog repository as it is: which kind of blog a folder is (``recognise``), where its posts
are, what its fields mean (``fields``), where its images are (``images``), how it names new
posts (``conventions``), its config and post files, and the import. The library opens a blog
through these, in place."""
