package org.hotline.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A node's TLS identity: an ECDSA P-256 key and a self-signed certificate. Peers do not trust a CA;
 * they pin the certificate's SHA-256 fingerprint from the identity card. Immutable, thread-safe.
 */
public record TlsIdentity(PrivateKey privateKey, X509Certificate certificate) {
  /** Pinning, not expiry, is what authenticates a peer; a long validity avoids a silent outage. */
  public static final Duration VALIDITY = Duration.ofDays(3650);

  public static TlsIdentity generate(PartyId party, Instant now, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=hotline-" + party.value());
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, random).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              pair.getPublic());
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new TlsIdentity(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate a P-256 TLS identity", e);
    }
  }

  /** Lowercase hex SHA-256 of the DER encoding: what identity cards carry and peers pin. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(IdentityCard.sha256(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  public String fingerprint() {
    return fingerprint(certificate);
  }

  public String certificatePem() {
    return pem(certificate);
  }

  /** PKCS#8 ("PRIVATE KEY"), as RFC 5958 and OpenSSL write it. */
  public String privateKeyPem() {
    try {
      return pem(
          new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(privateKey, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException("the TLS key cannot be encoded as PKCS#8", e);
    }
  }

  public static TlsIdentity fromPem(String keyPem, String certificatePem) {
    try (PEMParser keyParser = new PEMParser(new StringReader(keyPem));
        PEMParser certParser = new PEMParser(new StringReader(certificatePem))) {
      Object key = keyParser.readObject();
      if (key instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        key = pair.getPrivateKeyInfo();
      }
      Object cert = certParser.readObject();
      if (!(key instanceof PrivateKeyInfo info)
          || !(cert instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException(
            "TLS key or certificate file is not PEM of the expected kind");
      }
      return new TlsIdentity(
          new JcaPEMKeyConverter().getPrivateKey(info),
          new JcaX509CertificateConverter().getCertificate(holder));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS key or certificate cannot be read: " + e.getMessage(), e);
    }
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory cannot fail", e);
    }
    return out.toString();
  }
}
