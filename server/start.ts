/**
 * The bundle's entry (see server/launch.mjs): the map client is checked (built when missing or older
 * than its sources) before the server starts, as `npm start` did with tsx --import.
 */
import '../client/ensureBuilt'
import './main'
