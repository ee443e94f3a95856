"""This installation's Ed25519 key pair (kept in the data folder, made on first run)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from desa_layak.storage.files import atomic_write_bytes

PRIVATE_FILE = "ed25519-private.pem"
PUBLIC_FILE = "ed25519-public.txt"


def ensure_keypair(keys_dir: Path) -> str:
    """Create the key pair if missing; returns the public key (base64 of the raw 32 bytes)."""
    keys_dir = Path(keys_dir)
    pub_path = keys_dir / PUBLIC_FILE
    if (keys_dir / PRIVATE_FILE).is_file() and pub_path.is_file():
        return pub_path.read_text(encoding="ascii").strip()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    raw_pub = private.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
    public = base64.b64encode(raw_pub).decode("ascii")
    keys_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(keys_dir / PRIVATE_FILE, pem)
    if os.name != "nt":
        os.chmod(keys_dir / PRIVATE_FILE, 0o600)
    atomic_write_bytes(pub_path, public.encode("ascii") + b"\n")
    return public


def load_private_key(keys_dir: Path):  # noqa: ANN201 - cryptography type, imported lazily
    from cryptography.hazmat.primitives import serialization

    ensure_keypair(keys_dir)
    return serialization.load_pem_private_key((Path(keys_dir) / PRIVATE_FILE).read_bytes(), None)


def public_key_of(keys_dir: Path) -> str:
    return ensure_keypair(keys_dir)


def sign(keys_dir: Path, data: bytes) -> str:
    """Ed25519 signature of ``data`` with this installation's key (base64 text)."""
    return base64.b64encode(load_private_key(keys_dir).sign(data)).decode("ascii")


def verify(public_key: str, signature: str, data: bytes) -> bool:
    """True when ``signature`` (base64) is a valid Ed25519 signature of ``data``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature.strip(), validate=True), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def write_keypair_from_seed(keys_dir: Path, seed: bytes) -> str:
    """A deterministic key pair (demo bundles with ``--seed``); returns the public key."""
    import hashlib

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    raw_pub = private.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
    public = base64.b64encode(raw_pub).decode("ascii")
    keys_dir = Path(keys_dir)
    keys_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(keys_dir / PRIVATE_FILE, pem)
    atomic_write_bytes(keys_dir / PUBLIC_FILE, public.encode("ascii") + b"\n")
    return public
