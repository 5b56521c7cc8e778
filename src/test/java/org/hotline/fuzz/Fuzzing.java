package org.hotline.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.hotline.transcript.NoteSigner;

/**
 * What the fuzz targets share: turning the fuzzer's bytes into the text a peer or a client can
 * send, and the keys of the worked example in docs/protocol.md §18, so that seeds made from it
 * verify.
 *
 * <p>Each target reads bytes the way its endpoint or file does and holds the parser to one
 * contract: it refuses with the project's own exception, or it returns a value that encodes back to
 * the same bytes (a canonical format) or that reads back equal from its own encoding (the rest).
 * Any other exception, or an input that runs longer than the fuzz run's per-input timeout, is a
 * finding. How to run them, and for how long, is in CONTRIBUTING.md ("Fuzzing").
 */
public final class Fuzzing {
  /**
   * How long a target fuzzes when started on its own with {@code JAZZER_FUZZ=1}; the build's fuzz
   * run sets its own duration ({@code -Dfuzz.duration}).
   */
  public static final String DURATION = "60s";

  /** The writer of the worked example, {@code us}, from its seed. */
  public static final NoteSigner US =
      NoteSigner.fromSeed(
          "hotline/us",
          HexFormat.of()
              .parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));

  /** The reader of the worked example, {@code cn}. */
  public static final NoteSigner CN =
      NoteSigner.fromSeed(
          "hotline/cn",
          HexFormat.of()
              .parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"));

  private Fuzzing() {}

  /**
   * The fuzzer's bytes as a Java string in which every sequence of UTF-16 code units can occur, as
   * in a JSON string a peer sends with {@code \\u} escapes: UTF-8 where the bytes are UTF-8 (seeds
   * stay readable), a surrogate where they are its three-byte form (ED A0..BF xx, "WTF-8"), and
   * U+DC00 plus the byte for any other byte (Python's "surrogateescape").
   */
  public static String text(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xff;
      int length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : 4;
      if (b >= 0xf5 || (b >= 0x80 && b < 0xc2) || i + length > bytes.length) {
        text.append((char) (0xdc00 | b));
        i++;
        continue;
      }
      int codePoint = length == 1 ? b : b & (0xff >> (length + 1));
      boolean continued = true;
      for (int k = 1; k < length; k++) {
        int next = bytes[i + k] & 0xff;
        continued &= (next & 0xc0) == 0x80;
        codePoint = (codePoint << 6) | (next & 0x3f);
      }
      boolean shortest =
          length == 1
              || (length == 2 && codePoint >= 0x80)
              || (length == 3 && codePoint >= 0x800)
              || (length == 4 && codePoint >= 0x10000 && codePoint <= 0x10ffff);
      if (!continued || !shortest) {
        text.append((char) (0xdc00 | b));
        i++;
        continue;
      }
      text.appendCodePoint(codePoint); // surrogates from ED A0..BF xx land here as single chars
      i += length;
    }
    return text.toString();
  }

  /** The inverse of {@link #text} for well-formed text: how a seed file is written. */
  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
