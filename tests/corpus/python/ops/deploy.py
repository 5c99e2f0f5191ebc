#!/usr/bin/env python3
"""Deploy helper: builds the release, copies it to the hosts and restarts the service."""
import argparse
import ftplib
import os
import shlex
import stat
import subprocess
import tempfile
from subprocess import PIPE, run

import paramiko

RELEASES = "/srv/releases"


def build(version: str) -> str:
    archive = f"{RELEASES}/app-{version}.tar.gz"
    # techlead-expect: python-os-system
    os.system(f"tar czf {archive} build/")
    # techlead-safe
    subprocess.run(["tar", "czf", archive, "build/"], check=True)
    # techlead-safe
    os.system("sync")
    return archive


def changelog(since: str) -> str:
    # techlead-expect: python-subprocess-getoutput
    log = subprocess.getoutput("git log --oneline " + since + "..HEAD")
    # techlead-safe
    log += subprocess.run(["git", "log", "--oneline", f"{since}..HEAD"], capture_output=True, text=True).stdout
    return log


def notify(channel: str, message: str) -> None:
    # techlead-expect: python-subprocess-shell-true
    run(f"slack-notify --channel {channel} '{message}'", shell=True, stdout=PIPE)
    # techlead-safe
    run(["slack-notify", "--channel", channel, message], stdout=PIPE)


def remote(host: str, command: str) -> str:
    # techlead-expect: python-subprocess-shell-c
    out = subprocess.check_output(["bash", "-c", f"ssh deploy@{host} {command}"], text=True)
    # techlead-safe
    out += subprocess.check_output(["ssh", f"deploy@{host}", "--", shlex.quote(command)], text=True)
    return out


def copy_to(host: str, archive: str) -> None:
    client = paramiko.SSHClient()
    # techlead-expect: python-paramiko-auto-add-policy
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # techlead-safe
    client.load_system_host_keys()
    client.connect(host, username="deploy")
    sftp = client.open_sftp()
    sftp.put(archive, f"{RELEASES}/{os.path.basename(archive)}")


def mirror_to_legacy(archive: str) -> None:
    # techlead-expect: python-cleartext-protocol
    with ftplib.FTP("mirror.internal") as ftp:
        ftp.login("deploy", os.environ["MIRROR_PASSWORD"])
        with open(archive, "rb") as fh:
            ftp.storbinary(f"STOR {os.path.basename(archive)}", fh)
    # techlead-safe
    with ftplib.FTP_TLS("mirror2.internal") as ftps:
        ftps.login("deploy", os.environ["MIRROR_PASSWORD"])
        ftps.prot_p()


def prepare_dirs() -> str:
    # techlead-safe
    os.makedirs("/srv/app/shared", mode=0o777, exist_ok=True)
    # techlead-expect: python-permissive-file-mode
    os.chmod("/srv/app/shared", 0o777)
    # techlead-safe
    os.makedirs("/srv/app/cache", mode=0o750, exist_ok=True)
    # techlead-expect: python-tempfile-mktemp
    scratch = tempfile.mktemp(prefix="deploy-")
    # techlead-safe
    fd, lockfile = tempfile.mkstemp(prefix="deploy-", suffix=".lock")
    os.close(fd)
    # techlead-safe
    os.chmod(lockfile, stat.S_IRUSR | stat.S_IWUSR)
    return scratch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("version")
    parser.add_argument("--hosts", nargs="+", default=["app1", "app2"])
    args = parser.parse_args()
    archive = build(args.version)
    for host in args.hosts:
        copy_to(host, archive)
        remote(host, f"systemctl restart app@{args.version}")
    mirror_to_legacy(archive)
    print(changelog("v" + args.version))


if __name__ == "__main__":
    main()
