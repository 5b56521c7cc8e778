package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoleTest {
  static Stream<Arguments> roles() {
    return Stream.of(
        Arguments.of(Role.VIEWER, EnumSet.of(Permission.READ)),
        Arguments.of(
            Role.DUTY_OFFICER, EnumSet.of(Permission.READ, Permission.ANSWER, Permission.SEND)),
        Arguments.of(
            Role.RELEASING_OFFICER,
            EnumSet.of(Permission.READ, Permission.ANSWER, Permission.SEND, Permission.RELEASE)),
        Arguments.of(Role.ADMINISTRATOR, EnumSet.allOf(Permission.class)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roles")
  void each_role_grants_the_permissions_of_the_one_before_it_and_its_own(
      Role role, Set<Permission> granted) {
    for (Permission permission : Permission.values()) {
      assertThat(role.allows(permission))
          .as(permission.name())
          .isEqualTo(granted.contains(permission));
    }
    assertThat(Role.parse(role.label())).isEqualTo(role);
    assertThat(Role.parse(role.name())).isEqualTo(role);
  }
}
