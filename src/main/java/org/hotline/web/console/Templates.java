package org.hotline.web.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The console's jte templates ({@code src/main/jte}), compiled to Java classes at build time, so a
 * template error fails the build and the node needs no compiler. Output is HTML-escaped by default:
 * text from messages and peers can never become markup. Thread-safe.
 */
final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Renders {@code name} (e.g. {@code inbox.jte}) with its one parameter. */
  String render(String name, Object model) {
    StringOutput output = new StringOutput();
    engine.render(name, model, output);
    return output.toString();
  }
}
