package org.hotline.web.console;

import org.hotline.console.Actor;
import org.hotline.console.NotPermittedException;
import org.hotline.console.Permission;
import org.hotline.console.Sessions;
import org.hotline.console.User;

/** The signed-in person making this request, their session, and the language of their pages. */
record Viewer(User user, Sessions.Session session, Text t, String address, String path) {
  boolean can(Permission permission) {
    return !user.disabled() && user.role().allows(permission);
  }

  /** Throws {@link NotPermittedException} unless the role allows {@code permission}. */
  void require(Permission permission) {
    if (!can(permission)) {
      throw new NotPermittedException(
          t.format("error.notPermitted", user.username(), t.label("role", user.role())));
    }
  }

  Actor actor() {
    return new Actor(user.username(), address);
  }
}
