package org.hotline.architecture.violations.store;

/** A stand-in for a concrete store class. */
public final class SomeStore {
  public String load(String id) {
    return id;
  }
}
