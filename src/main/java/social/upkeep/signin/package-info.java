/**
 * Signing in with a fediverse account (operators of connected servers, supporters from anywhere) and with a
 * one-time email link; connecting a server through OAuth. Built on Spring Security's OAuth 2 login with one
 * client registration per host, made on first use.
 */
@NullMarked
package social.upkeep.signin;

import org.jspecify.annotations.NullMarked;
