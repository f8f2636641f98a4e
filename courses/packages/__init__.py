"""Content packages: uploaded SCORM 1.2, SCORM 2004 and H5P packages played in lessons.

``archive`` opens an upload safely, ``scorm`` (and ``h5p``) read its manifest, ``services``
import packages and record learners' attempts, ``runtime`` validates SCORM data-model values.
Models are imported by ``courses.models`` so that they belong to the courses app.
"""
