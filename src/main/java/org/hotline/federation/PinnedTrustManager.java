package org.hotline.federation;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.hotline.identity.TlsIdentity;

/**
 * Trusts exactly the certificates whose SHA-256 fingerprint is pinned, and nothing else: no CA, no
 * host name. A peer presenting any other certificate fails the TLS handshake. Being an {@link
 * X509ExtendedTrustManager}, it is not wrapped by the JDK's host-name check, which would be
 * meaningless for a pinned self-signed certificate. Thread-safe if {@code pinned} is.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final Predicate<String> pinned;
  private final java.util.function.BiConsumer<SSLEngine, String> refused;

  PinnedTrustManager(Predicate<String> pinned) {
    this(pinned, (engine, fingerprint) -> {});
  }

  /** {@code refused} is told the fingerprint of each certificate refused on an engine. */
  PinnedTrustManager(
      Predicate<String> pinned, java.util.function.BiConsumer<SSLEngine, String> refused) {
    this.pinned = pinned;
    this.refused = refused;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    check(chain, null);
  }

  private void check(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no certificate presented");
    }
    String fingerprint = TlsIdentity.fingerprint(chain[0]);
    try {
      if (!pinned.test(fingerprint)) {
        throw new CertificateException(
            "certificate " + fingerprint + " is not pinned for any peer");
      }
      chain[0].checkValidity();
    } catch (CertificateException e) {
      if (engine != null) {
        refused.accept(engine, fingerprint);
      }
      throw e;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
