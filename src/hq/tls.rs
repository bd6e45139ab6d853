//! TLS to head office with libpq's meaning of `sslmode`: `prefer`/`require` encrypt without
//! checking the certificate (unless a root certificate is given), `verify-ca` checks who signed
//! it, `verify-full` also that it names the host.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_name};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use std::path::Path;
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How far the server's certificate is checked (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// `prefer`/`require` without a root certificate: encrypted, the certificate not checked.
    Nothing,
    /// `verify-ca`, or `require` with `sslrootcert`: signed by a trusted authority.
    Authority,
    /// `verify-full`: signed by a trusted authority and issued for the host connected to.
    AuthorityAndHost,
}

/// The TLS connector for one connection.
pub fn connector(verify: Verify, root_certificate: Option<&Path>) -> Result<MakeRustlsConnect, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let algorithms = provider.signature_verification_algorithms;
    let checker: Arc<dyn ServerCertVerifier> = match verify {
        Verify::Nothing => Arc::new(Unchecked { algorithms }),
        Verify::Authority | Verify::AuthorityAndHost => {
            let (roots, given) = trusted_roots(root_certificate)?;
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| e.to_string())?;
            Arc::new(Checked { webpki, given, check_name: verify == Verify::AuthorityAndHost })
        }
    };
    let config = builder.dangerous().with_custom_certificate_verifier(checker).with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// The root certificate file given (`sslrootcert`), else the system's trusted authorities;
/// with the certificates of the file given, which a server may also present itself.
fn trusted_roots(root_certificate: Option<&Path>) -> Result<(RootCertStore, Vec<CertificateDer<'static>>), String> {
    let mut roots = RootCertStore::empty();
    let certificates: Vec<CertificateDer<'static>> = match root_certificate {
        Some(file) => CertificateDer::pem_file_iter(file)
            .and_then(|certs| certs.collect::<Result<_, _>>())
            .map_err(|e| format!("could not read the root certificate {}: {e}", file.display()))?,
        None => rustls_native_certs::load_native_certs().certs,
    };
    let given = if root_certificate.is_some() { certificates.clone() } else { Vec::new() };
    let (added, _) = roots.add_parsable_certificates(certificates);
    if added == 0 {
        return Err(match root_certificate {
            Some(file) => format!("{} holds no usable certificate", file.display()),
            None => "no trusted certificate authorities found on this system; set sslrootcert in the URL".into(),
        });
    }
    Ok((roots, given))
}

/// `verify-ca` and `verify-full`: the chain must lead to a trusted authority, or the server
/// presents the very certificate given as `sslrootcert` (a self-signed one, as libpq allows);
/// `verify-full` also compares the name.
#[derive(Debug)]
struct Checked {
    webpki: Arc<WebPkiServerVerifier>,
    given: Vec<CertificateDer<'static>>,
    check_name: bool,
}

impl ServerCertVerifier for Checked {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        if self.given.iter().any(|given| given.as_ref() == end_entity.as_ref()) {
            if self.check_name {
                verify_server_name(&ParsedCertificate::try_from(end_entity)?, server_name)?;
            }
            return Ok(ServerCertVerified::assertion());
        }
        match self.webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(Error::InvalidCertificate(CertificateError::NotValidForName))
            | Err(Error::InvalidCertificate(CertificateError::NotValidForNameContext { .. }))
                if !self.check_name =>
            {
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// `prefer`/`require`: the link is encrypted (the handshake's signatures are still checked) but
/// any certificate is accepted, as libpq does; `verify-full` is the setting that proves the server.
#[derive(Debug)]
struct Unchecked {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
