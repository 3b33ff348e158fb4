/** The owner account, sign-in and who may operate what. */
@NullMarked
package social.upkeep.operator;

import org.jspecify.annotations.NullMarked;
