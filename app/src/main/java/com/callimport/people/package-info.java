/**
 * The people who use the web app: their accounts in an organization, roles, passwords (hashed by Spring
 * Security's delegating encoder) and email preferences. The API's tokens are {@code organizations}' business.
 */
package com.callimport.people;
