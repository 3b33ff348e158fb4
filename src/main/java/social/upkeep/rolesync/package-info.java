/**
 * Role sync: paying members get their tier's role on their server and lose it when their membership ends.
 * The plan is the difference between the roles members should hold and those they hold, with guardrails.
 */
@NullMarked
package social.upkeep.rolesync;

import org.jspecify.annotations.NullMarked;
