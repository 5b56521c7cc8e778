package org.hotline.architecture.violations.cli;

import org.hotline.architecture.violations.store.SomeStore;

/** Wrong: a command that reads storage directly instead of asking the node's API. */
public final class CliThatTalksToTheStore {
  public String show(String id) {
    return new SomeStore().load(id);
  }
}
