/** Customers asking for a platform we do not support yet: who asked, for what and when, listed per platform for staff. */
package com.callimport.platformrequests;
