package org.hotline.architecture.violations.web;

import org.hotline.architecture.violations.store.SomeStore;

/** Wrong: an edge that reaches storage directly instead of going through the domain. */
public final class HandlerThatOpensTheStore {
  public String show(String id) {
    return new SomeStore().load(id);
  }
}
