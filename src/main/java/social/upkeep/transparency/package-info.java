/** The public side: each server's funding page, its CSV, JSON and Atom, the badge and the widget. */
@NullMarked
package social.upkeep.transparency;

import org.jspecify.annotations.NullMarked;
