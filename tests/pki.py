"""A test PKI made with `cryptography`: a root CA, signers, a PKCS#12 file, a SoftHSM2 token
holding a signer's key, and an NSS database trusting the CA (for poppler's pdfsig)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Đảng bộ VKSND tối cao"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


@dataclass
class Pki:
    folder: Path
    ca_key: rsa.RSAPrivateKey
    ca_cert: x509.Certificate

    @property
    def ca_pem(self) -> Path:
        path = self.folder / "ca.pem"
        path.write_bytes(self.ca_cert.public_bytes(serialization.Encoding.PEM))
        return path

    def signer(self, common: str, *, elliptic: bool = False, issuer: Pki | None = None):
        authority = issuer or self
        key = ec.generate_private_key(ec.SECP256R1()) if elliptic else \
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = dt.datetime.now(dt.UTC)
        cert = (x509.CertificateBuilder().subject_name(_name(common))
                .issuer_name(authority.ca_cert.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=365))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
                .add_extension(x509.KeyUsage(True, True, False, False, False, False, False,
                                             False, False), True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                               False)
                .sign(authority.ca_key, hashes.SHA256()))
        return key, cert

    def pkcs12(self, common: str, password: bytes, name: str = "signer.p12") -> Path:
        key, cert = self.signer(common)
        path = self.folder / name
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            common.encode(), key, cert, [self.ca_cert],
            serialization.BestAvailableEncryption(password)))
        return path

    def nss_db(self) -> Path:
        """A certificate database in which poppler's pdfsig trusts the test CA."""
        folder = self.folder / "nss"
        folder.mkdir(exist_ok=True)
        subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"],
                       check=True, capture_output=True)
        subprocess.run(["certutil", "-A", "-d", f"sql:{folder}", "-n", "ctrdesk-test-ca",
                        "-t", "CT,C,C", "-i", str(self.ca_pem)], check=True,
                       capture_output=True)
        return folder

    def token(self, common: str, pin: str = "123456", label: str = "ctrdesk") -> dict:
        """A SoftHSM2 token holding a signer's EC key and certificate."""
        tokens = self.folder / "tokens"
        tokens.mkdir(exist_ok=True)
        config = self.folder / "softhsm2.conf"
        config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n",
                          encoding="utf-8")
        os.environ["SOFTHSM2_CONF"] = str(config)
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin",
                        pin, "--so-pin", "87654321"], check=True, capture_output=True)
        key, cert = self.signer(common, elliptic=True)
        key_pem = self.folder / "token-key.pem"
        key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
        subprocess.run(["softhsm2-util", "--import", str(key_pem), "--token", label,
                        "--label", "signer", "--id", "01", "--pin", pin], check=True,
                       capture_output=True)
        cert_der = self.folder / "token-cert.der"
        cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
        subprocess.run(["pkcs11-tool", "--module", SOFTHSM_LIBRARY, "--login", "--pin", pin,
                        "--token-label", label, "--write-object", str(cert_der), "--type",
                        "cert", "--label", "signer", "--id", "01"], check=True,
                       capture_output=True)
        key_pem.unlink()  # the key now lives only on the token
        return {"library": SOFTHSM_LIBRARY, "token_label": label, "key_label": "signer",
                "pin": pin}


def make_pki(folder: Path, common: str = "CA thử nghiệm ctrdesk") -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=2))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                         False), True)
            .sign(key, hashes.SHA256()))
    return Pki(folder, key, cert)


def have_softhsm() -> bool:
    return Path(SOFTHSM_LIBRARY).exists() and shutil.which("softhsm2-util") is not None \
        and shutil.which("pkcs11-tool") is not None
