/** hardmax datasets module. */
package io.hardmax.datasets;
