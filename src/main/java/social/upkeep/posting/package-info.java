/**
 * Telling the server's own people how it is funded: the monthly report when a month is closed, the month's goal
 * reached, and thanks to new supporters who agreed to be named, posted from the server's notice account once each,
 * in the operator's words and language, only when the operator has switched it on.
 */
@NullMarked
package social.upkeep.posting;

import org.jspecify.annotations.NullMarked;
