/**
 * Deliberately wrong classes, laid out like {@code org.hotline} ({@code link} is a domain package,
 * with parts {@code entry}, {@code send}, {@code receive} and {@code health} and a facade {@code
 * Links} as in {@code org.hotline.link}, {@code web} and {@code cli} are edges, {@code store} is
 * storage), for {@code RulesCatchViolationsTest} to prove that the architecture rules catch what
 * they forbid. Nothing uses them; the main-code rules never import them.
 */
package org.hotline.architecture.violations;
