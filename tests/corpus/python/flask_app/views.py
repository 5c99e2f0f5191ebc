"""Views of the notes service: search, export, profile pictures and admin tools."""
import os
import sqlite3
import subprocess
import uuid

from flask import (
    Flask,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    render_template_string,
    request,
    send_file,
    url_for,
)
from markupsafe import escape
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/notes/uploads"
EXPORTERS = {"csv": "export_csv", "json": "export_json"}


def db():
    return sqlite3.connect("/srv/notes/notes.db")


@app.route("/search")
def search():
    term = request.args.get("q", "")
    cur = db().cursor()
    # techlead-expect: python-sql-string-format
    cur.execute(f"SELECT id, title FROM notes WHERE title LIKE '%{term}%'")
    rows = cur.fetchall()
    # techlead-safe
    cur.execute("SELECT id, title FROM notes WHERE title LIKE ?", (f"%{term}%",))
    return jsonify(rows + cur.fetchall())


@app.route("/notes/<int:note_id>")
def show(note_id):
    cur = db().cursor()
    # techlead-safe
    cur.execute("SELECT body FROM notes WHERE id = %s" % int(note_id))
    query = "SELECT body FROM notes WHERE owner = '" + request.args["owner"] + "'"
    # techlead-expect: python-sql-injection
    cur.execute(query)
    return jsonify(cur.fetchall())


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # techlead-expect: python-flask-render-template-string
    return render_template_string("<h1>Hello " + name + "</h1>")


@app.route("/hello2")
def hello_safe():
    # techlead-safe
    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args.get("name"))


@app.route("/greet")
def greet():
    # techlead-expect: python-reflected-xss-response
    resp = make_response(f"<p>Welcome back, {request.args.get('user')}</p>")
    # techlead-expect: python-cookie-without-flags
    resp.set_cookie("last_user", request.args.get("user", ""), max_age=3600)
    return resp


@app.route("/greet-safe")
def greet_safe():
    # techlead-safe
    resp = make_response(f"<p>Welcome back, {escape(request.args.get('user'))}</p>")
    # techlead-safe
    resp.set_cookie("sid", uuid.uuid4().hex, secure=True, httponly=True, samesite="Lax")
    return resp


@app.route("/login/done")
def after_login():
    # techlead-expect: python-open-redirect
    return redirect(request.args.get("next", "/"))


@app.route("/logout")
def logout():
    # techlead-safe
    return redirect(url_for("index"))


@app.route("/avatar", methods=["POST"])
def upload_avatar():
    f = request.files["avatar"]
    # techlead-expect: python-upload-filename-unsanitized
    f.save(os.path.join(UPLOADS, f.filename))
    # techlead-safe
    f.save(os.path.join(UPLOADS, secure_filename(f.filename)))
    return "", 204


@app.route("/attachments")
def attachment():
    # techlead-expect: python-path-traversal-request
    return send_file(request.args["path"])


@app.route("/admin/ping")
def ping():
    host = request.args.get("host", "localhost")
    # techlead-expect: python-subprocess-shell-true
    out = subprocess.check_output("ping -c 1 " + host, shell=True, text=True)
    # techlead-safe
    out += subprocess.check_output(["ping", "-c", "1", host], text=True)
    # techlead-safe
    out += subprocess.check_output("uptime", shell=True, text=True)
    return jsonify(output=out)


@app.route("/export")
def export():
    fmt = request.args.get("fmt", "csv")
    # techlead-safe
    handler = EXPORTERS.get(fmt)
    if handler is None:
        abort(400)
    return render_template("export.html", handler=handler)


@app.route("/calc")
def calc():
    # techlead-expect: python-eval-used
    value = eval(request.args["expr"])
    return jsonify(value=value)


if __name__ == "__main__":
    # techlead-expect: python-flask-debug-true, python-bind-all-interfaces
    app.run(host="0.0.0.0", port=5000, debug=True)
