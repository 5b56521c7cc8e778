/**
 * The wire format of the link's entries: what a direction log holds, byte for byte. {@link
 * org.hotline.link.entry.Entry} and its closed set of kinds ({@link
 * org.hotline.link.entry.MessageEntry}, {@link org.hotline.link.entry.ResponseEntry}, {@link
 * org.hotline.link.entry.LinkTestEntry}, {@link org.hotline.link.entry.DeadlineMissedEntry}); the
 * signed content of a message ({@link org.hotline.link.entry.Draft}, {@link
 * org.hotline.link.entry.StatusFlag}); the ids and the precedence it carries ({@link
 * org.hotline.link.entry.MessageId}, {@link org.hotline.link.entry.Precedence}); and an entry that
 * could not be interpreted ({@link org.hotline.link.entry.UninterpretableEntry}). The main class is
 * {@link org.hotline.link.entry.EntryCodec}, the one codec that gives an entry its exact bytes and
 * reads them back, with its fast reader ({@code CanonicalReader}) and its canonical-form check
 * ({@code CanonicalForm}) as package-private helpers.
 *
 * <p>The rule for what lives here: a type is here if it is part of an entry's bytes or of their
 * meaning, and is independent of how entries are sent, received or stored. It uses no other part of
 * the link ({@code send}, {@code receive}, {@code health}); everything else, in the link and in the
 * rest of the node (the record, the watch, the console, the store), may use it: it is the
 * vocabulary of the log. Immutable values and stateless codecs only.
 */
package org.hotline.link.entry;
