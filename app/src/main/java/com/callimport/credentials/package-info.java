/** The credential vault: connection secrets sealed with Tink AEAD under versioned keys from configuration. */
package com.callimport.credentials;
