/* bimtek: participant interactivity (checklists, quizzes, worksheet notes). */
