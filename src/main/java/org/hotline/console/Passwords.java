package org.hotline.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.hotline.InvalidInputException;
import org.hotline.OverloadedException;

/**
 * Password hashing with Argon2id (RFC 9106), BouncyCastle's implementation, stored as a PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} so that the parameters travel with each hash
 * and can be raised later. Argon2id rather than bcrypt: it is memory-hard (a GPU or ASIC guesses
 * far fewer passwords per second), it takes passwords of any length (bcrypt silently cuts at 72
 * bytes), and the library is already here for Ed25519.
 *
 * <p>Thread-safe. At most {@link #CONCURRENT_HASHES_MAX} hashes run at once, since each holds
 * {@link #MEMORY_KIB} KiB.
 */
public final class Passwords {
  /**
   * OWASP's recommended Argon2id setting (19 MiB, 2 passes, 1 lane): some 50-100 ms per hash here,
   * slow for a guesser and quick enough for a person signing in.
   */
  static final int MEMORY_KIB = 19 * 1024;

  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;

  /** 2 cores: more concurrent hashes only queue for CPU while holding 19 MiB each. */
  static final int CONCURRENT_HASHES_MAX = 4;

  /** A hash that cannot start within this time means the node is flooded with sign-ins. */
  static final long HASH_WAIT_MILLIS = 10_000;

  /** Long enough for a passphrase; shorter ones fall to guessing whatever the hash. */
  public static final int LENGTH_MIN = 12;

  /** A bound on the work an attacker can make one hash do. */
  public static final int LENGTH_MAX = 1_024;

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

  private final RandomGenerator random;
  private final Semaphore hashing = new Semaphore(CONCURRENT_HASHES_MAX);

  /**
   * A hash verified against when the user is unknown, so timing does not tell; made on first need.
   */
  private volatile String decoy;

  public Passwords(RandomGenerator random) {
    this.random = random;
  }

  private String decoy() {
    String value = decoy;
    if (value == null) {
      value = hash("decoy password for unknown users".toCharArray());
      decoy = value;
    }
    return value;
  }

  /** Checks the policy ({@link #LENGTH_MIN} to {@link #LENGTH_MAX} characters) and hashes. */
  public String hash(char[] password) {
    if (password.length < LENGTH_MIN || password.length > LENGTH_MAX) {
      throw new InvalidInputException(
          "password", "a password is " + LENGTH_MIN + " to " + LENGTH_MAX + " characters long");
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code encoded}; a null {@code encoded} (unknown user) costs
   * the same and fails.
   */
  public boolean verify(char[] password, String encoded) {
    boolean known = encoded != null;
    Matcher phc = PHC.matcher(known ? encoded : decoy());
    if (!phc.matches()) {
      throw new IllegalStateException("stored password hash is not an Argon2id PHC string");
    }
    if (password.length > LENGTH_MAX) {
      return false;
    }
    Base64.Decoder base64 = Base64.getDecoder();
    byte[] salt = base64.decode(phc.group(4));
    byte[] expected = base64.decode(phc.group(5));
    byte[] actual =
        argon2(
            password,
            salt,
            Integer.parseInt(phc.group(1)),
            Integer.parseInt(phc.group(2)),
            Integer.parseInt(phc.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual) && known;
  }

  /**
   * Whether a stored hash uses weaker parameters than the current ones, so it should be replaced at
   * the next sign-in.
   */
  public static boolean outdated(String encoded) {
    Matcher phc = PHC.matcher(encoded);
    return !phc.matches()
        || Integer.parseInt(phc.group(1)) < MEMORY_KIB
        || Integer.parseInt(phc.group(2)) < ITERATIONS;
  }

  private byte[] argon2(
      char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    encoded.clear();
    while (encoded.hasRemaining()) {
      encoded.put((byte) 0);
    }
    try {
      if (!hashing.tryAcquire(HASH_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new OverloadedException("too many sign-ins at once", java.time.Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverloadedException(
          "interrupted while waiting to check a password", java.time.Duration.ofSeconds(1));
    }
    try {
      generator.generateBytes(bytes, out);
    } finally {
      hashing.release();
      Arrays.fill(bytes, (byte) 0);
    }
    return out;
  }
}
