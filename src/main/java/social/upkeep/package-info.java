/** Upkeep: fund a fediverse server in the open. Each sub-package is a Spring Modulith module. */
@NullMarked
package social.upkeep;

import org.jspecify.annotations.NullMarked;
