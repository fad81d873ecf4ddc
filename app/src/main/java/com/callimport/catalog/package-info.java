/** The platforms the engine knows: connectors found on the class path, and what each declares. */
package com.callimport.catalog;
