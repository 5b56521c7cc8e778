package org.hotline.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Ed25519 signing keys on disk as standard PKCS#8 PEM (RFC 8410), readable by OpenSSL. The file
 * holds the 32-byte seed; the public key is derived from it.
 */
public final class SigningKeyPem {
  private static final int SEED_SIZE = 32;

  private SigningKeyPem() {}

  public static String encode(byte[] seed) {
    if (seed.length != SEED_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    }
    try {
      PrivateKeyInfo info =
          new PrivateKeyInfo(
              new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new DEROctetString(seed));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
        writer.writeObject(info);
      }
      return out.toString();
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory cannot fail", e);
    }
  }

  /** Returns the seed; throws {@link IllegalArgumentException} naming the problem. */
  public static byte[] decode(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (!(parser.readObject() instanceof PrivateKeyInfo info)
          || !EdECObjectIdentifiers.id_Ed25519.equals(
              info.getPrivateKeyAlgorithm().getAlgorithm())) {
        throw new IllegalArgumentException("signing key file is not an Ed25519 PKCS#8 PEM key");
      }
      byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
      if (seed.length != SEED_SIZE) {
        throw new IllegalArgumentException(
            "signing key file holds a seed of " + seed.length + " bytes, not 32");
      }
      return seed;
    } catch (IOException e) {
      throw new IllegalArgumentException("signing key file cannot be read: " + e.getMessage(), e);
    }
  }
}
