package org.hotline.link;

/** How a person on the receiving side answered a message; null while it has no answer. */
public enum MessageAnswer {
  ACKNOWLEDGED,
  DECLINED
}
