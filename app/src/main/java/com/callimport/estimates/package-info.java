/** Timeline estimates: how long an import takes under its vendor's budget, calibrated by past runs. */
package com.callimport.estimates;
