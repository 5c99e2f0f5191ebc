"""File download handlers: labels tell user input from the environment."""
import os

from flask import request, send_file

BASE = os.environ.get("FILES_ROOT", "/srv/files")


def download():
    name = request.args.get("name")
    # expect: a request parameter names the file
    fh = open(os.path.join(BASE, name), "rb")
    safe_name = os.path.basename(request.args.get("name"))
    # safe: basename keeps it inside the folder
    fh2 = open(os.path.join(BASE, safe_name), "rb")
    config = os.environ["APP_CONFIG"]
    # safe: the environment is not user input for this rule
    cfg = open(config)
    return send_file(fh), fh2, cfg
