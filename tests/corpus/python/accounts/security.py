"""Password storage, reset tokens and field encryption for the accounts service."""
import hashlib
import hmac
import os
import random
import secrets
import string

from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ALPHABET = string.ascii_letters + string.digits
FIELD_KEY = bytes.fromhex(os.environ["FIELD_KEY_HEX"])
CSRF_TOKEN_LENGTH = 64


def hash_password_legacy(password: str, salt: str) -> str:
    # techlead-expect: python-password-fast-hash
    return hashlib.sha256((salt + password).encode()).hexdigest()


def hash_password(password: str, salt: bytes) -> bytes:
    # techlead-safe
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def file_digest(path: str) -> str:
    with open(path, "rb") as fh:
        # techlead-safe
        return hashlib.sha256(fh.read()).hexdigest()


def etag(body: bytes) -> str:
    # techlead-safe
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def legacy_signature(payload: bytes) -> str:
    # techlead-expect: python-weak-hash
    return hashlib.md5(payload + FIELD_KEY).hexdigest()


def new_reset_token() -> str:
    # techlead-expect: python-insecure-random-secret
    reset_token = "".join(random.choice(ALPHABET) for _ in range(32))
    # techlead-safe
    reset_token = secrets.token_urlsafe(32)
    return reset_token


def csrf_token_matches(csrf_token: str, expected: str) -> bool:
    # the middleware rejects tokens of another length before calling this
    # techlead-safe
    assert len(csrf_token) == CSRF_TOKEN_LENGTH
    return hmac.compare_digest(csrf_token, expected)


class AvatarCache:
    """Names cached avatar renderings by the options they were made with."""

    def cache_key(self, user_id: int, sizes: list) -> str:
        return f"avatar:{user_id}:{self.options_hash(sizes)}"

    def options_hash(self, sizes: list) -> str:
        # techlead-safe
        return hashlib.sha1(",".join(str(s) for s in sizes).encode()).hexdigest()


def shuffle_questions(questions: list) -> list:
    # techlead-safe
    order = random.sample(questions, len(questions))
    return order


def check_signature(payload: bytes, signature: str) -> bool:
    expected = hmac.new(FIELD_KEY, payload, hashlib.sha256).hexdigest()
    # techlead-safe
    return hmac.compare_digest(expected, signature)


def encrypt_field_legacy(value: bytes) -> bytes:
    # techlead-expect: python-static-iv
    cipher = AES.new(FIELD_KEY, AES.MODE_CBC, b"0123456789abcdef")
    return cipher.encrypt(value.ljust(32, b"\0"))


def encrypt_field_ecb(value: bytes) -> bytes:
    # techlead-expect: python-weak-cipher
    cipher = AES.new(FIELD_KEY, AES.MODE_ECB)
    return cipher.encrypt(value.ljust(32, b"\0"))


def encrypt_field(value: bytes) -> bytes:
    iv = get_random_bytes(16)
    # techlead-safe
    cipher = AES.new(FIELD_KEY, AES.MODE_CBC, iv)
    return iv + cipher.encrypt(value.ljust(32, b"\0"))


def seal(value: bytes) -> bytes:
    nonce = os.urandom(12)
    # techlead-safe
    return nonce + AESGCM(FIELD_KEY).encrypt(nonce, value, None)


def seal_fixed(value: bytes) -> bytes:
    # techlead-expect: python-static-iv
    return AESGCM(FIELD_KEY).encrypt(b"fixed-nonce!", value, None)


def stream_encryptor(nonce: bytes):
    # techlead-safe
    return Cipher(algorithms.AES(FIELD_KEY), modes.CTR(nonce)).encryptor()


def signing_key():
    # techlead-expect: python-weak-rsa-key
    legacy = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # techlead-safe
    current = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    return legacy, current


def default_admin():
    # techlead-expect: python-hardcoded-password
    password = "Adm1n!2024"
    # techlead-safe
    password_env = os.environ.get("ADMIN_PASSWORD")
    return password_env or password
