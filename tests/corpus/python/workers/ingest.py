"""Nightly ingest worker: pulls partner exports, unpacks them and loads the models."""
import io
import json
import logging
import marshal
import pickle
import ssl
import tarfile
import threading
import urllib.request

import numpy as np
import pandas as pd
import requests
import torch
import yaml
from ruamel.yaml import YAML

log = logging.getLogger("ingest")
FEED_URL = "https://partner.example.com/export.tar.gz"


def fetch_feed(session: requests.Session) -> bytes:
    # techlead-expect: python-requests-verify-false
    resp = session.get(FEED_URL, verify=False, timeout=30)
    resp.raise_for_status()
    # techlead-safe
    resp2 = session.get(FEED_URL, verify="/etc/ssl/partner-ca.pem", timeout=30)
    return resp.content + resp2.content


def open_legacy(url: str) -> bytes:
    # techlead-expect: python-ssl-unverified-context
    ctx = ssl._create_unverified_context()
    # techlead-safe
    strict = ssl.create_default_context(cafile="/etc/ssl/partner-ca.pem")
    with urllib.request.urlopen(url, context=ctx if url.startswith("https://legacy") else strict) as resp:
        return resp.read()


def unpack(blob: bytes, dest: str) -> None:
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        # techlead-expect: python-tarfile-extractall
        tar.extractall(dest)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        # techlead-safe
        tar.extractall(dest, filter="data")


def load_manifest(path: str, **options) -> dict:
    with open(path) as fh:
        # techlead-expect: python-yaml-unsafe-load
        manifest = yaml.load(fh, Loader=yaml.Loader, **options)
    with open(path) as fh:
        # techlead-safe
        manifest.update(yaml.load(fh, Loader=yaml.SafeLoader))
    with open(path) as fh:
        # techlead-expect: python-yaml-unsafe-load
        manifest.update(yaml.unsafe_load(fh))
    with open(path) as fh:
        # techlead-safe
        manifest.update(json.load(fh) if path.endswith(".json") else yaml.safe_load(fh))
    return manifest


def load_rules(path: str) -> dict:
    # techlead-expect: python-ruamel-yaml-unsafe
    loader = YAML(typ="unsafe")
    # techlead-safe
    safe_loader = YAML(typ="safe")
    with open(path) as fh:
        return loader.load(fh) if path.endswith(".legacy.yml") else safe_loader.load(fh)


def load_frames(dest: str):
    # techlead-expect: python-pandas-read-pickle
    prices = pd.read_pickle(f"{dest}/prices.pkl")
    # techlead-safe
    stock = pd.read_parquet(f"{dest}/stock.parquet")
    # techlead-expect: python-numpy-allow-pickle
    vectors = np.load(f"{dest}/vectors.npy", allow_pickle=True)
    # techlead-safe
    weights = np.load(f"{dest}/weights.npy")
    return prices, stock, vectors, weights


def load_model(dest: str):
    # techlead-expect: python-torch-load-unsafe
    model = torch.load(f"{dest}/model.pt", map_location="cpu")
    # techlead-safe
    state = torch.load(f"{dest}/state.pt", map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    return model


def load_cache(dest: str):
    with open(f"{dest}/cache.bin", "rb") as fh:
        # techlead-expect: python-pickle-load
        cache = pickle.load(fh)
    with open(f"{dest}/code.bin", "rb") as fh:
        # techlead-expect: python-marshal-load
        code = marshal.load(fh)
    # techlead-safe
    snapshot = pickle.dumps(cache)
    return cache, code, snapshot


class FrameCache:
    """Keeps parsed frames between feed runs of this worker process."""

    def __init__(self):
        self._frames = {}
        self._lock = threading.Lock()

    def put(self, name, frame):
        blob = pickle.dumps(frame, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._frames[name] = blob

    def get(self, name):
        with self._lock:
            blob = self._frames.get(name)
        if blob is None:
            return None
        # the bytes were pickled by put() in this process and never left it
        # techlead-safe
        return pickle.loads(blob)
