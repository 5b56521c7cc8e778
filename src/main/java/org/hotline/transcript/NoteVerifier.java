package org.hotline.transcript;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key with the key name it signs under, as used by <a
 * href="https://github.com/C2SP/C2SP/blob/main/signed-note.md">C2SP signed-note</a>. Its text form
 * (a "vkey", as in Go's {@code golang.org/x/mod/sumdb/note}) is {@code name+hex8(keyID)+base64(0x01
 * || publicKey)}.
 *
 * <p>{@link #equals}, {@link #hashCode} use the key's content. Immutable; thread-safe.
 */
@SuppressWarnings(
    "ArrayRecordComponent") // equals, hashCode and toString use the bytes; copied in and out
public record NoteVerifier(String keyName, byte[] publicKey) {
  /** Ed25519 public keys are 32 bytes (RFC 8032 §5.1.5). */
  static final int PUBLIC_KEY_SIZE = Ed25519.PUBLIC_KEY_SIZE;

  /** Ed25519 signatures are 64 bytes (RFC 8032 §5.1.6). */
  static final int SIGNATURE_SIZE = Ed25519.SIGNATURE_SIZE;

  /** Key IDs are the first four bytes of the key hash (signed-note "Signatures"). */
  static final int KEY_ID_SIZE = 4;

  /** Signature type of plain Ed25519 note signatures (signed-note "Signature types"). */
  private static final byte TYPE_ED25519 = 0x01;

  /** Signature type of timestamped Ed25519 cosignatures (tlog-cosignature "Format"). */
  private static final byte TYPE_COSIGNATURE_V1 = 0x04;

  private static final Pattern KEY_ID_HEX = Pattern.compile("[0-9a-f]{8}");

  public NoteVerifier {
    NoteText.requireKeyName("Key name", Objects.requireNonNull(keyName, "keyName"));
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != PUBLIC_KEY_SIZE) {
      throw new TranscriptFormatException(
          "Ed25519 public key is " + publicKey.length + " bytes, not " + PUBLIC_KEY_SIZE + ".");
    }
    publicKey = publicKey.clone();
  }

  /**
   * Parses a vkey, checking the key ID against the name and key.
   *
   * @throws TranscriptFormatException if the text is malformed, names a signature type other than
   *     Ed25519 (0x01), or its key ID does not match
   */
  public static NoteVerifier parse(String vkey) {
    Objects.requireNonNull(vkey, "vkey");
    int namePlus = vkey.indexOf('+');
    int idPlus = namePlus < 0 ? -1 : vkey.indexOf('+', namePlus + 1);
    if (idPlus < 0) {
      throw new TranscriptFormatException("Verifier key does not have the form name+keyid+key.");
    }
    String name = vkey.substring(0, namePlus);
    String keyIdHex = vkey.substring(namePlus + 1, idPlus);
    if (!KEY_ID_HEX.matcher(keyIdHex).matches()) {
      throw new TranscriptFormatException(
          "Verifier key ID \"" + keyIdHex + "\" is not 8 lowercase hex digits.");
    }
    byte[] typedKey = NoteText.decodeBase64("Verifier public key", vkey.substring(idPlus + 1));
    if (typedKey.length == 0 || typedKey[0] != TYPE_ED25519) {
      throw new TranscriptFormatException(
          "Verifier public key does not start with the Ed25519 signature type 0x01.");
    }
    NoteVerifier verifier =
        new NoteVerifier(name, Arrays.copyOfRange(typedKey, 1, typedKey.length));
    String actualId = HexFormat.of().formatHex(verifier.keyId());
    if (!actualId.equals(keyIdHex)) {
      throw new TranscriptFormatException(
          "Verifier key ID " + keyIdHex + " does not match the key, whose ID is " + actualId + ".");
    }
    return verifier;
  }

  public String vkey() {
    byte[] typedKey = new byte[1 + PUBLIC_KEY_SIZE];
    typedKey[0] = TYPE_ED25519;
    System.arraycopy(publicKey, 0, typedKey, 1, PUBLIC_KEY_SIZE);
    return keyName + "+" + HexFormat.of().formatHex(keyId()) + "+" + NoteText.base64(typedKey);
  }

  /** SHA-256(name || 0x0A || 0x01 || publicKey)[:4], the ID on this key's note signatures. */
  public byte[] keyId() {
    return keyId(TYPE_ED25519);
  }

  /**
   * SHA-256(name || 0x0A || 0x04 || publicKey)[:4], the ID on this key's tlog-cosignature/v1
   * signatures.
   */
  public byte[] cosignatureKeyId() {
    return keyId(TYPE_COSIGNATURE_V1);
  }

  private byte[] keyId(byte signatureType) {
    byte[] hash = Sha256.hash(NoteText.utf8(keyName), new byte[] {'\n', signatureType}, publicKey);
    return Arrays.copyOf(hash, KEY_ID_SIZE);
  }

  /** True iff {@code signature} is a valid RFC 8032 Ed25519 signature of {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    return signature.length == SIGNATURE_SIZE
        && Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteVerifier that
        && keyName.equals(that.keyName)
        && Arrays.equals(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * keyName.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return vkey();
  }
}
