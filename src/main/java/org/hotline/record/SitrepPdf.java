package org.hotline.record;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hotline.ConflictException;

/**
 * Lays out a situation report's HTML page ({@link SitrepHtml}, which is well-formed XHTML) as a PDF
 * with openhtmltopdf, so that the PDF says what the page says. The PDF's base fonts cover Latin
 * text only; Chinese (and other CJK) text needs a font with TrueType outlines, which openhtmltopdf
 * embeds as a subset: the first of {@link #CJK_FONTS} found on this machine. Without one, a report
 * that holds CJK text is refused rather than rendered as empty boxes. Stateless and thread-safe.
 */
public final class SitrepPdf {
  /** The family the CJK font is registered under; {@link SitrepHtml}'s style names it. */
  static final String CJK_FAMILY = "WenQuanYi Micro Hei";

  /**
   * Where a CJK TrueType font is looked for, in order: Debian's {@code fonts-wqy-microhei} (which
   * scripts/install-test-deps installs) and its TrueType sibling. Noto CJK is not among them: its
   * outlines are OpenType/CFF, which openhtmltopdf cannot embed.
   */
  static final List<Path> CJK_FONTS =
      List.of(
          Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
          Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"));

  static {
    // openhtmltopdf logs each layout's timings and stylesheet notes through java.util.logging to
    // stderr, around the CLI's one line; a layout that fails throws, which is what is reported.
    XRLog.setLoggingEnabled(false);
  }

  private SitrepPdf() {}

  /**
   * The PDF of {@code xhtml}, with the first CJK font of {@link #CJK_FONTS} found.
   *
   * @throws ConflictException if the page holds CJK text and no CJK font is found: install {@code
   *     fonts-wqy-microhei}
   */
  public static byte[] render(String xhtml) {
    return render(xhtml, CJK_FONTS.stream().filter(Files::isReadable).findFirst());
  }

  /** The PDF of {@code xhtml}, with {@code cjkFont} if present. */
  static byte[] render(String xhtml, Optional<Path> cjkFont) {
    if (cjkFont.isEmpty() && holdsCjk(xhtml)) {
      throw new ConflictException(
          "the report holds Chinese text and no CJK TrueType font was found (looked for "
              + CJK_FONTS.get(0)
              + "; install Debian's fonts-wqy-microhei)");
    }
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.withHtmlContent(xhtml, null);
    cjkFont.ifPresent(font -> builder.useFont(font.toFile(), CJK_FAMILY));
    builder.toStream(pdf);
    try {
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the report as PDF: " + e.getMessage(), e);
    }
    return pdf.toByteArray();
  }

  /** Whether {@code text} holds a character of a script the PDF's base fonts lack: CJK. */
  static boolean holdsCjk(String text) {
    return text.codePoints()
        .anyMatch(
            c ->
                switch (Character.UnicodeScript.of(c)) {
                  case HAN, HIRAGANA, KATAKANA, HANGUL, BOPOMOFO -> true;
                  default -> false;
                });
  }
}
