/**
 * Text as Hotline keeps it and shows it. {@link org.hotline.text.TextPolicy} is the one rule for
 * every text field that goes onto the record (docs/protocol.md §3.5): well-formed Unicode, no
 * control characters but TAB and LF in free text. {@link org.hotline.text.CodePoints} says which
 * code points may never reach a screen as themselves, and how they are shown instead. Pure
 * functions, free of I/O and frameworks; every other package may use it.
 */
package org.hotline.text;
