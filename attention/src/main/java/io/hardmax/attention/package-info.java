/** hardmax attention module. */
package io.hardmax.attention;
