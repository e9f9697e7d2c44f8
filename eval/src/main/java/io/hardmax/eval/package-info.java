/** hardmax eval module. */
package io.hardmax.eval;
