package org.hotline.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.hotline.InvalidInputException;

/**
 * The console port's TLS: the operator's certificate (a PEM chain, leaf first) and its private key
 * (PEM, PKCS#8 or the traditional RSA/EC form), as named in {@code console.tls_certificate} and
 * {@code console.tls_key}. Browsers verify it as they would any site's; it is unrelated to the
 * node's federation identity.
 */
final class ConsoleTls {
  private ConsoleTls() {}

  /** The server context, or null when the console is configured without TLS. */
  static SSLContext context(Path dir, NodeConfig.ConsoleSettings settings) {
    if (!settings.tls()) {
      return null;
    }
    Path certificateFile = dir.resolve(settings.tlsCertificate());
    Path keyFile = dir.resolve(settings.tlsKey());
    try (InputStream certificates = Files.newInputStream(certificateFile);
        Reader key = Files.newBufferedReader(keyFile)) {
      Collection<? extends Certificate> chain =
          CertificateFactory.getInstance("X.509").generateCertificates(certificates);
      if (chain.isEmpty()) {
        throw new InvalidInputException("console", certificateFile + " holds no certificate");
      }
      PrivateKey privateKey = privateKey(new PEMParser(key).readObject(), keyFile);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("console", privateKey, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new InvalidInputException(
          "console", "cannot read the console's TLS files: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          "console", "the console's TLS certificate or key is not usable: " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(Object pem, Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    return switch (pem) {
      case PrivateKeyInfo info -> converter.getPrivateKey(info);
      case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
      case null, default ->
          throw new InvalidInputException(
              "console", file + " holds no unencrypted PEM private key");
    };
  }
}
