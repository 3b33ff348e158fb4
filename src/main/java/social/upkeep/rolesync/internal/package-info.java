/** Role sync's runs, the servers' role APIs, its tables and the operator's page. */
@NullMarked
package social.upkeep.rolesync.internal;

import org.jspecify.annotations.NullMarked;
