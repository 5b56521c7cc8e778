/**
 * Text as Hotline treats it wherever it crosses an edge: which code points may never reach a screen
 * as themselves ({@link org.hotline.text.CodePoints}), and how they are shown instead. Domain code:
 * no I/O, no frameworks.
 */
package org.hotline.text;
