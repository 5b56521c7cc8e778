/**
 * Deliberately wrong classes, laid out like {@code org.hotline} ({@code link} is a domain package,
 * {@code web} and {@code cli} are edges, {@code store} is storage), for {@code
 * RulesCatchViolationsTest} to prove that the architecture rules catch what they forbid. Nothing
 * uses them; the main-code rules never import them.
 */
package org.hotline.architecture.violations;
