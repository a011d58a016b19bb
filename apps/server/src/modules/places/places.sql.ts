/** Small SQL helpers shared by the places repositories. */
export { containsText as contains } from '../../db/dialect.js';
