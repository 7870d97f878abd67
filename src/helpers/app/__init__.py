"""The kit as an app for people who never see code: Voilà pages behind a start page.

``coachkit app`` serves the training modules, the trainer's pages and a
manager's reports page in a browser, with no code shown. The start page asks
who you are once per browser session (a session cookie, never a shared file);
every notebook page reads that person from the request (:mod:`.identity`).
"""
