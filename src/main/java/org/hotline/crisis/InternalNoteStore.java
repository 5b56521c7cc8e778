package org.hotline.crisis;

import java.util.List;

/** Where a node keeps its internal notes: its own database, nowhere else. Thread-safe. */
public interface InternalNoteStore {
  void insert(InternalNote note);

  /** The internal notes on {@code object} (its name), oldest first. */
  List<InternalNote> notes(String object);
}
