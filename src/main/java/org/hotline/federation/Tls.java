package org.hotline.federation;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.hotline.identity.TlsIdentity;

/** TLS 1.3 contexts that present our identity and trust only pinned fingerprints. */
public final class Tls {
  static final String PROTOCOL = "TLSv1.3";

  private Tls() {}

  public static SSLContext context(TlsIdentity identity, Predicate<String> pinnedFingerprints) {
    return context(identity, pinnedFingerprints, (engine, fingerprint) -> {});
  }

  /** As above; {@code refused} is told each certificate refused, with the engine it came on. */
  static SSLContext context(
      TlsIdentity identity,
      Predicate<String> pinnedFingerprints,
      java.util.function.BiConsumer<javax.net.ssl.SSLEngine, String> refused) {
    try {
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(
          new KeyManager[] {new SingleKeyManager(identity)},
          new TrustManager[] {new PinnedTrustManager(pinnedFingerprints, refused)},
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS 1.3 is not available", e);
    }
  }
}
