/** The REST API: token authentication, organization scoping, request validation and error answers. */
package com.callimport.web;
