package org.hotline.console;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The console's second factor: time-based one-time codes (TOTP, RFC 6238, with the parameters every
 * authenticator app supports: HMAC-SHA-1, 6 digits, 30-second steps) and one-time recovery codes.
 * The code arithmetic is java-otp's; this class chooses the parameters, the window and the formats.
 *
 * <p>A code is accepted for the current step and one step either side ({@link #SKEW_STEPS}), which
 * forgives a phone whose clock is up to 30 s off and a code typed as it changes; a code whose step
 * is not after the last one accepted for the same user is refused (RFC 6238 §5.2: a code is used
 * once), which the store enforces with a conditional update. Stateless and thread-safe.
 */
public final class SecondFactor {
  /** RFC 6238's default step, the one authenticator apps assume. */
  public static final Duration STEP = Duration.ofSeconds(30);

  public static final int DIGITS = 6;

  /** Steps accepted either side of the current one (RFC 6238 §5.2 recommends at most one). */
  public static final int SKEW_STEPS = 1;

  /** 160 bits: the length of the HMAC-SHA-1 output, as RFC 4226 §4 recommends. */
  static final int SECRET_BYTES = 20;

  /** Recovery codes issued at enrolment; each works once. */
  public static final int RECOVERY_CODES = 10;

  /** Each recovery code carries 80 random bits: 16 base32 characters, shown in groups of four. */
  static final int RECOVERY_CODE_BYTES = 10;

  private static final TimeBasedOneTimePasswordGenerator TOTP =
      new TimeBasedOneTimePasswordGenerator(
          STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

  private SecondFactor() {}

  /** A new shared secret, before the user has confirmed it with a first code. */
  public static final class Enrolment {
    private final byte[] secret;

    public Enrolment(byte[] secret) {
      this.secret = secret.clone();
    }

    public byte[] secret() {
      return secret.clone();
    }

    /** The secret as authenticator apps take it when typed: base32 without padding. */
    public String base32() {
      return new Base32().encodeToString(secret).replace("=", "");
    }

    /** {@link #base32()} in groups of four, easier to type and to read aloud. */
    public String grouped() {
      return groups(base32());
    }

    /**
     * The otpauth URI of the QR code (the key-URI format that Google Authenticator defined and
     * other apps follow): the issuer is the party's name, the account the username.
     */
    public String uri(String issuer, String username) {
      String label = encode(issuer) + ":" + encode(username);
      return "otpauth://totp/"
          + label
          + "?secret="
          + base32()
          + "&issuer="
          + encode(issuer)
          + "&algorithm=SHA1&digits="
          + DIGITS
          + "&period="
          + STEP.toSeconds();
    }
  }

  public static Enrolment enrolment(RandomGenerator random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return new Enrolment(secret);
  }

  /** The time step of {@code at}: whole steps since the Unix epoch. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
  }

  /** The code an authenticator with {@code secret} shows during {@code step}. */
  public static String code(byte[] secret, long step) {
    try {
      return TOTP.generateOneTimePasswordString(
          new SecretKeySpec(secret, "HmacSHA1"),
          Instant.ofEpochSecond(step * STEP.toSeconds()),
          Locale.ROOT);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a TOTP secret is not an HMAC key", e);
    }
  }

  /**
   * The step at which {@code typed} is the code of {@code secret}, within {@link #SKEW_STEPS} of
   * {@code now} and after {@code lastUsedStep}; empty if there is none. Spaces in what was typed
   * are ignored; anything but six digits matches nothing. Every candidate step is compared, in
   * constant time, so the answer's timing says nothing about which step matched.
   */
  public static OptionalLong matchingStep(
      byte[] secret, String typed, Instant now, long lastUsedStep) {
    String digits = typed == null ? "" : typed.replace(" ", "");
    if (digits.length() != DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long current = step(now);
    long found = Long.MIN_VALUE;
    for (long step = current - SKEW_STEPS; step <= current + SKEW_STEPS; step++) {
      boolean same =
          MessageDigest.isEqual(
              code(secret, step).getBytes(StandardCharsets.US_ASCII),
              digits.getBytes(StandardCharsets.US_ASCII));
      if (same && step > lastUsedStep && found == Long.MIN_VALUE) {
        found = step;
      }
    }
    return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
  }

  /** New recovery codes, as shown once to the user: {@code abcd-efgh-ijkl-mnop}. */
  public static List<String> recoveryCodes(RandomGenerator random) {
    Base32 base32 = new Base32();
    List<String> codes = new ArrayList<>(RECOVERY_CODES);
    for (int i = 0; i < RECOVERY_CODES; i++) {
      byte[] bytes = new byte[RECOVERY_CODE_BYTES];
      random.nextBytes(bytes);
      codes.add(groups(base32.encodeToString(bytes).toLowerCase(Locale.ROOT)).replace(' ', '-'));
    }
    return codes;
  }

  /**
   * What is stored of a recovery code: the SHA-256 of its 16 characters, lower case, without dashes
   * or spaces, so that however it is typed it is found. Null when {@code typed} cannot be a
   * recovery code.
   */
  public static byte[] recoveryCodeHash(String typed) {
    if (typed == null || typed.length() > 64) {
      return null;
    }
    String plain = typed.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    if (plain.length() != 16 || !plain.chars().allMatch(SecondFactor::base32Letter)) {
      return null;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static boolean base32Letter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
  }

  private static String groups(String text) {
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < text.length(); i += 4) {
      if (i > 0) {
        grouped.append(' ');
      }
      grouped.append(text, i, Math.min(i + 4, text.length()));
    }
    return grouped.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
